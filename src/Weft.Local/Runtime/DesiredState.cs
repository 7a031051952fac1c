using System.Collections.Immutable;
using Weft.Api.Manifests;
using Weft.Api.Resources;
using Weft.Api.Workloads;

namespace Weft.Local.Runtime;

/// <summary>
/// The desired objects of a cluster, keyed by kind and namespace/name, built by replaying <see cref="DesiredChange"/>s.
/// Every change is validated whole before it is accepted: a change with any error leaves the state untouched.
/// </summary>
public sealed record DesiredState(ImmutableSortedDictionary<string, Resource> Objects, ImmutableArray<DesiredChange> Log)
{
    public static DesiredState Empty { get; } = new(ImmutableSortedDictionary<string, Resource>.Empty.WithComparers(StringComparer.Ordinal), []);

    public static string KeyOf(Resource resource) => $"{resource.Kind}/{resource.Key}";

    /// <summary>Decodes the change's documents; on success returns the new state, else the diagnostics.</summary>
    public (DesiredState? State, ImmutableArray<Diagnostic> Diagnostics) With(DesiredChange change)
    {
        var resources = ImmutableArray.CreateBuilder<Resource>();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        foreach (var document in change.Documents)
        {
            var result = ManifestReader.Parse(document.Text, document.File);
            resources.AddRange(result.Resources);
            diagnostics.AddRange(result.Diagnostics);
        }

        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            return (null, diagnostics.ToImmutable());
        }

        var objects = change.Operation switch
        {
            DesiredChange.Replace => Empty.Objects.SetItems(resources.Select(r => KeyValuePair.Create(KeyOf(r), r))),
            DesiredChange.Apply => Objects.SetItems(resources.Select(r => KeyValuePair.Create(KeyOf(r), r))),
            DesiredChange.Delete => Objects.RemoveRange(resources.Select(KeyOf)),
            _ => throw new ArgumentException($"unknown operation '{change.Operation}'", nameof(change)),
        };

        // A replace makes the log start over, so the log never grows past what the state needs.
        var log = change.Operation == DesiredChange.Replace ? [change] : Log.Add(change);
        return (new DesiredState(objects, log), diagnostics.ToImmutable());
    }

    /// <summary>The pods the state asks for: Pod objects, and each Deployment's pods as its ReplicaSet would name them.</summary>
    public IEnumerable<Pod> Pods() =>
        Objects.Values.SelectMany(r => r switch
        {
            Pod pod => [pod],
            Deployment deployment => DeploymentExpander.Expand(deployment),
            _ => ImmutableArray<Pod>.Empty,
        });

    /// <summary>Rebuilds the state from a persisted log (changes that were valid when accepted).</summary>
    public static DesiredState Replay(IEnumerable<DesiredChange> log)
    {
        var state = Empty;
        foreach (var change in log)
        {
            state = state.With(change).State ?? state;
        }

        return state;
    }
}
