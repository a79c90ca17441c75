# an uncaught exception raised in a method names the method in the traceback
class Account:
    def __init__(self, balance):
        self.balance = balance
    def withdraw(self, amount):
        if amount > self.balance:
            raise ValueError(f"insufficient funds: {self.balance} < {amount}")
        self.balance -= amount
        return self.balance
    def pay(self, amount):
        return self.withdraw(amount)
a = Account(10)
print(a.pay(3))
print(a.pay(30))
