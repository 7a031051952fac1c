using Weft.Mesh.Interop;

namespace Weft.Mesh.Identity;

/// <summary>
/// Keeps the system CA store out of a proxy that never needs it. Peers are validated against the mesh roots only
/// (<see cref="PeerCertificateValidator"/> builds with CustomRootTrust), but .NET's
/// <c>SslStreamCertificateContext.Create</c> builds the proxy's own chain with system trust, and SslStream does the
/// same for every peer certificate before our callback runs: either makes .NET read and parse every certificate under
/// /etc/ssl/certs once per process (~0.6–2 MB RSS, bench/mesh/RESULTS.md). Pointing OpenSSL's store variables at
/// /dev/null is the only switch; the launcher does it for sidecars (MeshInjection), this does it for the process
/// itself, so the standalone proxy gets it too.
/// </summary>
public static class SystemTrustStore
{
    /// <summary>
    /// Empties the system trust store for this process unless spans go to an https collector (its TLS needs the
    /// system roots). A store named in the environment is replaced too: nothing else in the proxy reads it (many
    /// hosts export SSL_CERT_FILE for every process). Call before the first TLS handshake.
    /// </summary>
    /// <returns>True when the store was emptied here.</returns>
    public static bool EmptyUnlessNeeded(Uri? tracesUrl)
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (tracesUrl is not null && tracesUrl.Scheme == Uri.UriSchemeHttps) return false;
        // OpenSSL and .NET's crypto shim read these with the C library's getenv, which does not see
        // Environment.SetEnvironmentVariable on Unix (the runtime keeps its own copy): set both copies.
        foreach (var name in (ReadOnlySpan<string>)["SSL_CERT_FILE", "SSL_CERT_DIR"])
        {
            if (LibC.SetEnv(name, "/dev/null", overwrite: 1) != 0) return false;
            Environment.SetEnvironmentVariable(name, "/dev/null");
        }

        return true;
    }
}
