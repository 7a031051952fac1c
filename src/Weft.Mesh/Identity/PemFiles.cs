using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Weft.Mesh.Identity;

/// <summary>PEM files: private keys are created with mode 0600 before any byte is written.</summary>
public static class PemFiles
{
    public static void WritePrivate(string path, string pem)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            // UnixCreateMode applies only to new files; tighten an existing one before truncating it.
            if (File.Exists(path)) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
    }

    public static void WritePublic(string path, string pem) => File.WriteAllText(path, pem);

    public static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm? key = (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey();
        return key?.ExportPkcs8PrivateKeyPem() ?? throw new InvalidOperationException("certificate has no private key");
    }
}
