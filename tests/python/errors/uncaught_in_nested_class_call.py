# traceback frames through a classmethod, a staticmethod and a nested function
class Parser:
    @classmethod
    def parse(cls, text):
        return cls.tokens(text)
    @staticmethod
    def tokens(text):
        def tok(word):
            if not word.isalpha():
                raise SyntaxError(f"bad token {word!r}")
            return word
        return [tok(w) for w in text.split()]
print(Parser.parse("a b c"))
print(Parser.parse("a 1 c"))
