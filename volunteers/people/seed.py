def seed(out):
    pass
