print("wagonctl")
