# ContextVar get with defaults, set returns a token, and reset restores the old value
import contextvars
v = contextvars.ContextVar("v", default="dflt")
print(v.get(), v.name)
tok = v.set("one")
print(v.get(), tok.var is v, tok.old_value is contextvars.Token.MISSING)
tok2 = v.set("two")
print(v.get(), tok2.old_value)
v.reset(tok2)
print(v.get())
v.reset(tok)
print(v.get())
w = contextvars.ContextVar("w")
try:
    w.get()
except LookupError as e:
    print("LookupError", type(e).__name__)
print(w.get("fallback"), w.get(None))
