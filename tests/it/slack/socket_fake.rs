//! The fake's Socket Mode side: each connection gets `hello`, then every scripted envelope;
//! acknowledgements are recorded.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use serde_json::{Value, json};

use super::fake::FakeSlack;

#[derive(Clone, Default)]
pub struct SocketScript {
    pub envelopes: Arc<Mutex<Vec<Value>>>,
    pub acks: Arc<Mutex<Vec<Value>>>,
    pub connections: Arc<Mutex<usize>>,
}

pub async fn upgrade(State(fake): State<FakeSlack>, ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(move |socket| serve(socket, fake.socket.clone()))
}

async fn serve(mut socket: WebSocket, script: SocketScript) {
    *script.connections.lock().expect("connections") += 1;
    let hello = json!({ "type": "hello", "num_connections": 1, "connection_info": { "app_id": "A1" },
                        "debug_info": { "host": "fake", "approximate_connection_time": 3600 } });
    if socket
        .send(Message::Text(hello.to_string().into()))
        .await
        .is_err()
    {
        return;
    }
    let envelopes = script.envelopes.lock().expect("envelopes").clone();
    for envelope in envelopes {
        if socket
            .send(Message::Text(envelope.to_string().into()))
            .await
            .is_err()
        {
            return;
        }
    }
    // Read acknowledgements until the client goes away (the test's runtime ends it).
    while let Some(Ok(message)) = socket.recv().await {
        if let Message::Text(text) = message {
            if let Ok(value) = serde_json::from_str::<Value>(&text) {
                script.acks.lock().expect("acks").push(value);
            }
        }
    }
}
