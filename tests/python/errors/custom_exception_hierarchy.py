# custom exception hierarchies, extra attributes and catching by base class
class AppError(Exception):
    def __init__(self, msg, code=1):
        super().__init__(msg)
        self.code = code
class NotFound(AppError):
    pass
class Forbidden(AppError):
    def __init__(self, user):
        super().__init__(f"{user} may not", code=403)
for exc in [NotFound("no page", 404), Forbidden("bob"), AppError("generic")]:
    try:
        raise exc
    except AppError as e:
        print(type(e).__name__, e.code, str(e), e.args, isinstance(e, NotFound))
class Plain(Exception):
    pass
print(repr(Plain("x", 1)), str(Plain()), repr(Plain()))
