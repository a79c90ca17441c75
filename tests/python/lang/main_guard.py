# __name__ is "__main__" when a file is run as a script
def main():
    print("main ran with", __name__)
if __name__ == "__main__":
    main()
else:
    print("imported")
print(__name__ == "__main__")
