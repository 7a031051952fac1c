using System.Net.Security;
using System.Text;

namespace Weft.Mesh.Tests.Detection;

/// <summary>ClientHello bytes for the parser tests: captured from a real SslStream, or built field by field.</summary>
internal static class ClientHellos
{
    /// <summary>The first flight .NET's SslStream sends (the whole ClientHello record), captured without a server.</summary>
    public static byte[] FromSslStream(string targetHost, params string[] alpn)
    {
        var capture = new CaptureStream();
        using var tls = new SslStream(capture);
        try
        {
            tls.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                TargetHost = targetHost,
                ApplicationProtocols = alpn.Length == 0 ? null : [.. alpn.Select(a => new SslApplicationProtocol(a))],
                RemoteCertificateValidationCallback = (_, _, _, _) => false,
            });
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            // The capture stream answers with EOF: the handshake fails after the ClientHello was written.
        }

        return capture.Written.ToArray();
    }

    /// <summary>A ClientHello body with the given extensions (type, data), framed in records of at most <paramref name="recordSize"/> bytes.</summary>
    public static byte[] Build(IEnumerable<(ushort Type, byte[] Data)> extensions, int recordSize = 16384, bool omitExtensions = false)
    {
        var body = new List<byte> { 3, 3 };
        body.AddRange(new byte[32]);               // random
        body.Add(0);                               // empty legacy_session_id
        body.AddRange([0, 2, 0x13, 0x01]);         // one cipher suite
        body.AddRange([1, 0]);                     // null compression
        if (!omitExtensions)
        {
            var ext = new List<byte>();
            foreach (var (type, data) in extensions)
            {
                ext.AddRange(U16(type));
                ext.AddRange(U16(data.Length));
                ext.AddRange(data);
            }

            body.AddRange(U16(ext.Count));
            body.AddRange(ext);
        }

        var handshake = new List<byte> { 1, (byte)(body.Count >> 16), (byte)(body.Count >> 8), (byte)body.Count };
        handshake.AddRange(body);
        return Records(handshake.ToArray(), recordSize);
    }

    public static (ushort, byte[]) Sni(string host)
    {
        var name = Encoding.ASCII.GetBytes(host);
        var entry = new List<byte> { 0 };
        entry.AddRange(U16(name.Length));
        entry.AddRange(name);
        return (0, [.. U16(entry.Count), .. entry]);
    }

    public static (ushort, byte[]) Alpn(params string[] protocols)
    {
        var list = new List<byte>();
        foreach (var p in protocols)
        {
            list.Add((byte)p.Length);
            list.AddRange(Encoding.ASCII.GetBytes(p));
        }

        return (16, [.. U16(list.Count), .. list]);
    }

    /// <summary>Handshake bytes cut into TLS handshake records.</summary>
    public static byte[] Records(byte[] handshake, int recordSize)
    {
        var output = new List<byte>();
        for (var i = 0; i < handshake.Length; i += recordSize)
        {
            var length = Math.Min(recordSize, handshake.Length - i);
            output.AddRange([22, 3, 1]);
            output.AddRange(U16(length));
            output.AddRange(handshake.AsSpan(i, length).ToArray());
        }

        return [.. output];
    }

    private static byte[] U16(int value) => [(byte)(value >> 8), (byte)value];

    private sealed class CaptureStream : Stream
    {
        public MemoryStream Written { get; } = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => 0;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);
    }
}
