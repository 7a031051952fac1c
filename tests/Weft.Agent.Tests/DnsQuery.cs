using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Weft.Agent.Tests;

/// <summary>A minimal UDP A query, hand-encoded so the test does not trust the codec it exercises.</summary>
internal static class DnsQuery
{
    public static async Task<(int Rcode, IReadOnlyList<IPAddress> Addresses)> AskAsync(IPEndPoint server, string name)
    {
        var query = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.Split('.'))
        {
            query.Add((byte)label.Length);
            query.AddRange(Encoding.ASCII.GetBytes(label));
        }

        query.AddRange([0, 0, 1, 0, 1]);
        using var udp = new UdpClient(AddressFamily.InterNetwork);
        await udp.SendAsync(query.ToArray(), server);
        var reply = (await udp.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5))).Buffer;
        var rcode = reply[3] & 0x0F;
        var answers = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(6));
        var offset = query.Count; // the question is echoed unchanged
        var addresses = new List<IPAddress>();
        for (var i = 0; i < answers; i++)
        {
            offset += (reply[offset] & 0xC0) == 0xC0 ? 2 : SkipName(reply, offset);
            var type = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(offset));
            var length = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(offset + 8));
            if (type == 1 && length == 4)
            {
                addresses.Add(new IPAddress(reply.AsSpan(offset + 10, 4)));
            }

            offset += 10 + length;
        }

        return (rcode, addresses);
    }

    private static int SkipName(byte[] message, int offset)
    {
        var start = offset;
        while (message[offset] != 0)
        {
            if ((message[offset] & 0xC0) == 0xC0)
            {
                return offset + 2 - start;
            }

            offset += message[offset] + 1;
        }

        return offset + 1 - start;
    }
}
