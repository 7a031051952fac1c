/* The thin `weft` / `weft-ipam` plugin binary written by `weft cni install --server-socket`: it forwards the
 * CNI request (CNI_* / WEFT_* environment and the configuration on stdin) to the resident `weft-cni serve` on
 * the node over a Unix socket, and prints its answer with its exit code. When no server answers it execs the
 * ordinary .NET plugin, so the result never depends on the server being up.
 * Request:  "WEFT_CNI_ROLE=<role>\0" { "KEY=VALUE\0" } "\0" <stdin bytes> EOF(shutdown write)
 * Response: "<exit code>\n" <stdout bytes> EOF
 * Built with -DWEFT_SOCKET="…" -DWEFT_ROLE="plugin|ipam" -DWEFT_FALLBACK="…". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

extern char **environ;

static int write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0) { if (errno == EINTR) continue; return -1; }
        data += n; length -= (size_t)n;
    }
    return 0;
}

int main(int argc, char **argv) {
    (void)argc;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    strncpy(address.sun_path, WEFT_SOCKET, sizeof address.sun_path - 1);
    if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        argv[0] = (char *)WEFT_FALLBACK;
        execv(WEFT_FALLBACK, argv);
        perror("weft: exec " WEFT_FALLBACK);
        return 1;
    }

    const char role[] = "WEFT_CNI_ROLE=" WEFT_ROLE;
    if (write_all(fd, role, sizeof role) != 0) return 1; /* includes the NUL */
    for (char **e = environ; *e; e++) {
        if (strncmp(*e, "CNI_", 4) == 0 || strncmp(*e, "WEFT_", 5) == 0 || strncmp(*e, "PATH=", 5) == 0) {
            if (write_all(fd, *e, strlen(*e) + 1) != 0) return 1;
        }
    }
    if (write_all(fd, "", 1) != 0) return 1;

    char buffer[65536];
    for (;;) {
        ssize_t n = read(0, buffer, sizeof buffer);
        if (n < 0) { if (errno == EINTR) continue; return 1; }
        if (n == 0) break;
        if (write_all(fd, buffer, (size_t)n) != 0) return 1;
    }
    shutdown(fd, SHUT_WR);

    int code = -1, in_header = 1;
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n < 0) { if (errno == EINTR) continue; return 1; }
        if (n == 0) break;
        ssize_t start = 0;
        while (in_header && start < n) {
            char c = buffer[start++];
            if (c == '\n') in_header = 0;
            else if (c >= '0' && c <= '9') code = (code < 0 ? 0 : code * 10) + (c - '0');
        }
        if (start < n && write_all(1, buffer + start, (size_t)(n - start)) != 0) return 1;
    }
    return code < 0 ? 1 : code;
}
