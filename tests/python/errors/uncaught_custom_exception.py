# an uncaught custom exception with a message shows its class name
class ConfigError(Exception):
    pass
def load(name):
    raise ConfigError(f"missing key {name!r}")
print("loading")
load("port")
