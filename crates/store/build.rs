// The migrations are embedded by `sqlx::migrate!`, which cannot tell cargo to watch them
// on stable Rust: without this, a changed migration would not rebuild the store.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
