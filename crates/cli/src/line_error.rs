//! A problem in an imported file, named by its line (the header is line 1) and column.

/// Why a line was refused: its number, the column (empty for the whole line), and the
/// reason.
#[derive(Debug, PartialEq)]
pub struct LineError {
    pub line: usize,
    pub column: String,
    pub message: String,
}

impl LineError {
    /// A problem with the whole line.
    pub fn whole(line: usize, message: String) -> LineError {
        LineError {
            line,
            column: String::new(),
            message,
        }
    }
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.column.is_empty() {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(
                f,
                "line {}, column {}: {}",
                self.line, self.column, self.message
            )
        }
    }
}
