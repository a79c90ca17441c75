# sys.exit raises SystemExit, which except Exception does not catch
import sys
def quit_now():
    try:
        sys.exit(2)
    except Exception:
        print("never: SystemExit is not an Exception")
    finally:
        print("finally before exit")
print(issubclass(SystemExit, Exception), issubclass(SystemExit, BaseException))
quit_now()
print("never")
