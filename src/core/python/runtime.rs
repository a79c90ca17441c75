//! The interpreter's shared state: built-in classes and functions, imported modules, where
//! printed text goes, and the limits a run is held to. One runtime serves every thread of a run.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use super::dict::Dict;
use super::gil::Gil;
use super::types::Types;
use super::value::{Shared, Value};
use super::vm::{Flow, Vm};

/// The most items a list, dict, set or string may hold: beyond it a run ends in `MemoryError`
/// rather than in a tab that runs out of memory.
pub const MAX_ITEMS: usize = 20_000_000;

/// Where `print` writes. The host decides what a line is worth (a timestamp, a lane).
pub trait Output: Send + Sync {
    fn write(&self, vm: &Vm, text: &str);
    fn write_err(&self, vm: &Vm, text: &str) {
        self.write(vm, text)
    }
}

/// Output collected into a string, for tests and the native runner's virtual clock.
#[derive(Default)]
pub struct Captured {
    pub text: Shared<String>,
    pub err: Shared<String>,
}

impl Output for Captured {
    fn write(&self, _vm: &Vm, text: &str) {
        self.text.lock().push_str(text);
    }
    fn write_err(&self, _vm: &Vm, text: &str) {
        self.err.lock().push_str(text);
    }
}

/// Makes a module when it is first imported.
pub type ModuleFactory = fn(&mut Vm) -> Flow<Value>;

pub struct Runtime {
    pub types: Types,
    pub builtins: Arc<Shared<Dict>>,
    pub modules: Shared<HashMap<String, Value>>,
    pub module_factories: Shared<Vec<(String, ModuleFactory)>>,
    pub output: Arc<dyn Output>,
    /// Set by Stop: every VM of the run ends at its next time-slice check.
    pub stop: AtomicBool,
    /// Characters printed so far, for the output cap.
    pub printed: AtomicUsize,
    pub max_output: usize,
    /// State kept by modules of the layer above (the event loop of a run, a random generator).
    pub extensions: Shared<HashMap<&'static str, Arc<dyn std::any::Any + Send + Sync>>>,
    /// The lock Python threads take turns with; on unless the run switches it off.
    pub gil: Gil,
}

impl Runtime {
    pub fn new(output: Arc<dyn Output>) -> Arc<Runtime> {
        let rt = Arc::new(Runtime {
            types: Types::new(),
            builtins: Arc::new(Shared::new(Dict::new())),
            modules: Shared::new(HashMap::new()),
            module_factories: Shared::new(Vec::new()),
            output,
            stop: AtomicBool::new(false),
            printed: AtomicUsize::new(0),
            max_output: 2_000_000,
            extensions: Shared::new(HashMap::new()),
            gil: Gil::default(),
        });
        super::builtins::install(&rt);
        super::stdlib::install(&rt);
        rt
    }

    /// Adds a module that is made on first import (the layer above adds asyncio this way).
    pub fn add_module(&self, name: &str, factory: ModuleFactory) {
        self.module_factories.lock().push((name.to_string(), factory));
    }

    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}
