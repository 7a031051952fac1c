# Test backend: answers HTTP on TCP 8080, datagrams on UDP 5353 and every line of a long-lived TCP session on
# port 7000 with its own name.
import socket, socketserver, sys, threading

name = sys.argv[1].encode()

class Http(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass
            body = name + b"\n"
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
        except OSError:
            pass

class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", 5353))
    while True:
        _, peer = s.recvfrom(2048)
        s.sendto(name + b"\n", peer)

class Session(socketserver.StreamRequestHandler):
    def handle(self):
        try:
            while self.rfile.readline():
                self.wfile.write(name + b"\n")
        except OSError:
            pass

threading.Thread(target=udp, daemon=True).start()
threading.Thread(target=Server(("0.0.0.0", 7000), Session).serve_forever, daemon=True).start()
Server(("0.0.0.0", 8080), Http).serve_forever()
