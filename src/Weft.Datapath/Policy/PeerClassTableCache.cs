using System.Collections.Immutable;
using Weft.Policy;

namespace Weft.Datapath.Policy;

/// <summary>
/// The last <see cref="PeerClassTable"/> and everything it was built from. A policy change that moves no CIDR and
/// touches no pod, identity or namespace (a port, a selector, an action) leaves the table as it was: the check
/// compares references and integers per pod instead of building a class key string per pod.
/// </summary>
internal sealed class PeerClassTableCache
{
    private ImmutableArray<Weft.Api.Resources.Pod> pods = [];
    private int[] identityOf = [];
    private ImmutableArray<Weft.Policy.Identities.Identity> identities = [];
    private ImmutableArray<Weft.Api.Resources.Namespace> namespaces = [];
    private ImmutableArray<Weft.Api.Net.IpPrefix> cidrs = [];
    private ImmutableArray<AddressRange> addresses = [];
    private PeerClassTable? table;

    public PeerClassTable Build(PolicyModel model, PolicyBounds bounds)
    {
        if (table is not null && Same(model, bounds))
        {
            return table;
        }

        table = PeerClassTable.Build(model, bounds);
        pods = model.Pods;
        identityOf = [.. Enumerable.Range(0, model.Pods.Length).Select(model.IdentityOf)];
        identities = model.Identities;
        namespaces = model.Input.Namespaces;
        cidrs = bounds.Cidrs;
        addresses = bounds.Addresses;
        return table;
    }

    private bool Same(PolicyModel model, PolicyBounds bounds)
    {
        if (model.Pods.Length != pods.Length || !SameReferences(model.Pods, pods) || !SameReferences(model.Input.Namespaces, namespaces)
            || !model.Identities.AsSpan().SequenceEqual(identities.AsSpan())
            || !bounds.Cidrs.AsSpan().SequenceEqual(cidrs.AsSpan()) || !bounds.Addresses.AsSpan().SequenceEqual(addresses.AsSpan()))
        {
            return false;
        }

        for (var i = 0; i < identityOf.Length; i++)
        {
            if (model.IdentityOf(i) != identityOf[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameReferences<T>(ImmutableArray<T> a, ImmutableArray<T> b)
        where T : class
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!ReferenceEquals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
