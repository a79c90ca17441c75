# reusing a token or resetting in another context raises errors (messages contain addresses, so only their endings are checked)
import contextvars
v = contextvars.ContextVar("v")
t = v.set(1)
v.reset(t)
try:
    v.reset(t)
except RuntimeError as e:
    print("RuntimeError", str(e).endswith("has already been used once"))
t2 = v.set(2)
ctx = contextvars.Context()
try:
    ctx.run(v.reset, t2)
except ValueError as e:
    print("ValueError", str(e).endswith("was created in a different Context"))
print(v.get())
