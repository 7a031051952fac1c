# One long-lived TCP connection: every line read from stdin is sent, every reply line printed.
import socket, sys

s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
replies = s.makefile("rb")
for line in sys.stdin:
    s.sendall(line.encode())
    print(replies.readline().decode().strip(), flush=True)
