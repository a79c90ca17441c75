# contextvars for the playground's Python, in Python: a Context is a mapping of variables to
# values, and each asyncio task runs in a copy of the context it was created in (PEP 567).


class Token:
    MISSING = object()

    def __init__(self, context, var, old_value):
        self._context = context
        self._var = var
        self._old_value = old_value
        self._used = False

    @property
    def var(self):
        return self._var

    @property
    def old_value(self):
        return self._old_value

    def __repr__(self):
        return f"<Token var={self._var!r}>"


class Context:
    def __init__(self):
        self._data = {}

    def run(self, callable, *args, **kwargs):
        saved = _current[0]
        _current[0] = self
        try:
            return callable(*args, **kwargs)
        finally:
            _current[0] = saved

    def copy(self):
        c = Context()
        c._data = dict(self._data)
        return c

    def get(self, var, default=None):
        return self._data.get(var, default)

    def __getitem__(self, var):
        return self._data[var]

    def __contains__(self, var):
        return var in self._data

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(self._data)

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()


_MISSING = object()


class ContextVar:
    def __init__(self, name, *, default=_MISSING):
        self._name = name
        self._default = default

    @property
    def name(self):
        return self._name

    def __repr__(self):
        return f"<ContextVar name={self._name!r}>"

    def get(self, *args):
        ctx = _current[0]
        if self in ctx._data:
            return ctx._data[self]
        if args:
            return args[0]
        if self._default is not _MISSING:
            return self._default
        raise LookupError(self)

    def set(self, value):
        ctx = _current[0]
        old = ctx._data.get(self, Token.MISSING)
        ctx._data[self] = value
        return Token(ctx, self, old)

    def reset(self, token):
        if token._used:
            raise RuntimeError(f"{token!r} has already been used once")
        if token._var is not self:
            raise ValueError(f"{token!r} was created by a different ContextVar")
        if token._context is not _current[0]:
            raise ValueError(f"{token!r} was created in a different Context")
        if token._old_value is Token.MISSING:
            del _current[0]._data[self]
        else:
            _current[0]._data[self] = token._old_value
        token._used = True


_current = [Context()]


def copy_context():
    return _current[0].copy()


def _enter(ctx):
    saved = _current[0]
    _current[0] = ctx
    return saved
