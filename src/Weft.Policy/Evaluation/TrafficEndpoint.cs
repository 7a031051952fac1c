using System.Net;

namespace Weft.Policy.Evaluation;

/// <summary>One end of a connection: a pod of the model (by index) or an address outside the model's pods.</summary>
public sealed record TrafficEndpoint
{
    private TrafficEndpoint(int podIndex, IPAddress? address)
    {
        PodIndex = podIndex;
        Address = address;
    }

    /// <summary>Index into <see cref="PolicyModel.Pods"/>, or -1 for an external address.</summary>
    public int PodIndex { get; }

    public IPAddress? Address { get; }

    public bool IsPod => PodIndex >= 0;

    public static TrafficEndpoint Pod(int index) => new(index, null);

    public static TrafficEndpoint External(IPAddress address) => new(-1, address);
}
