using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Weft.Flows.Bench;

/// <summary>Sends <c>count</c> 16-byte UDP datagrams, cycling destination ports so that each port is its own conntrack entry.</summary>
internal static class UdpSender
{
    public static int Run(string destination, int firstPort, int ports, int count)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var payload = new byte[16];
        var endpoints = Enumerable.Range(0, ports).Select(i => new IPEndPoint(IPAddress.Parse(destination), firstPort + i)).ToArray();
        var wall = Stopwatch.StartNew();
        var errors = 0;
        for (var i = 0; i < count; i++)
        {
            try
            {
                socket.SendTo(payload, endpoints[i % ports]);
            }
            catch (SocketException)
            {
                // ICMP port unreachable from an earlier datagram surfaces as an error on a later send.
                errors++;
            }
        }

        Console.WriteLine($"sent {count - errors:N0} datagrams to {ports:N0} ports in {wall.Elapsed.TotalSeconds:F2} s = {(count - errors) / wall.Elapsed.TotalSeconds:N0}/s ({errors} send errors)");
        return 0;
    }
}
