# double-underscore names are mangled with the class name
class Account:
    def __init__(self):
        self.__balance = 10
        self._hint = "protected"
    def balance(self):
        return self.__balance
class Sub(Account):
    def peek(self):
        try:
            return self.__balance
        except AttributeError as e:
            return str(e)
s = Sub()
print(s.balance(), s._hint)
print(s._Account__balance)
print(s.peek())
print(sorted(vars(s)))
