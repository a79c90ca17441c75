# Context objects behave like read-only mappings from ContextVars to values
import contextvars
a = contextvars.ContextVar("a")
b = contextvars.ContextVar("b", default=0)
a.set(1)
ctx = contextvars.copy_context()
print(ctx[a], ctx.get(b), b in ctx, a in ctx)
print([var.name for var in ctx if var.name in ("a", "b")])
print(dict((k.name, v) for k, v in ctx.items() if k.name in ("a", "b")))
try:
    ctx[b]
except KeyError:
    print("KeyError for a var never set")
