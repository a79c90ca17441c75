//! The entry point trunk builds: it only hands over to the browser layer.

fn main() {
    #[cfg(target_arch = "wasm32")]
    concurrency_playground::web::start();
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("The playground runs in the browser: `make serve`, then open http://127.0.0.1:8080");
}
