//! Starts the real app on a random port over a fresh database with the demo community.

#![allow(dead_code)]

use passerelle_demo::{DEMO_PASSWORD, DemoOptions, generate};
use passerelle_domain::values::Email;
use passerelle_store::{NewUser, Store};
use passerelle_web::{AppState, Config, auth::hash_password};

pub struct TestApp {
    pub base: String,
    pub store: Store,
    _dir: tempfile::TempDir,
}

pub async fn spawn_demo_app() -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("app.db").display());
    let store = Store::open(&url).await.unwrap();
    let community = generate(DemoOptions::default());
    store
        .import_directory(None, &community.directory)
        .await
        .unwrap();
    let password_hash = hash_password(DEMO_PASSWORD).unwrap();
    for user in community.users {
        let new = NewUser {
            email: Email::parse("email", &user.email).unwrap(),
            display_name: user.display_name,
            role: user.role,
            agency_id: user.agency_id,
            password_hash: password_hash.clone(),
        };
        store.create_user(None, new).await.unwrap();
    }
    let state = AppState {
        store: store.clone(),
        config: Config {
            secure_cookies: false,
        },
    };
    let addr = passerelle_web::spawn(state).await.unwrap();
    TestApp {
        base: format!("http://{addr}"),
        store,
        _dir: dir,
    }
}
