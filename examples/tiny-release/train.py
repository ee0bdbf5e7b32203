"""Fine-tunes the tiny example model. Illustrative only: it is never run by openness."""


def main():
    print("the tiny example model needs no training")


if __name__ == "__main__":
    main()
