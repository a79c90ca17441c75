# copy_context().run executes in a separate context whose changes stay inside it
import contextvars
color = contextvars.ContextVar("color", default="red")
def paint(c):
    color.set(c)
    return color.get()
ctx = contextvars.copy_context()
print(ctx.run(paint, "blue"), color.get())
print(ctx.get(color), ctx[color], color in ctx, len(ctx) >= 1)
print(ctx.run(color.get))
ctx2 = contextvars.copy_context()
print(color in ctx2, ctx2.get(color, "unset-in-ctx2"))
color.set("green")
print(ctx.run(color.get), color.get())
