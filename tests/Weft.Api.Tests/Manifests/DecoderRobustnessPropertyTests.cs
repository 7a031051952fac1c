using FsCheck;
using FsCheck.Fluent;
using Weft.Api.Manifests;
using YamlDotNet.RepresentationModel;

namespace Weft.Api.Tests.Manifests;

/// <summary>
/// Bad input is an expected failure, so the decoder must turn any shape of YAML into diagnostics, never an
/// exception: these properties replace random nodes of valid manifests with values of the wrong shape.
/// </summary>
public sealed class DecoderRobustnessPropertyTests
{
    private const string Valid = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p, namespace: a, labels: {x: y}}
        spec:
          podSelector: {matchExpressions: [{key: app, operator: In, values: [web]}]}
          policyTypes: [Ingress, Egress]
          ingress:
          - from:
            - {podSelector: {}, namespaceSelector: {matchLabels: {team: a}}}
            - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
            ports: [{port: 80, endPort: 90, protocol: TCP}, {port: http}]
          egress: [{to: [{podSelector: {}}]}]
        ---
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: a}
        spec:
          priority: 5
          subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {a: b}}}}
          ingress: [{name: r, action: Allow, from: [{namespaces: {}}], ports: [{portNumber: {port: 80}}, {portRange: {start: 1, end: 2}}, {namedPort: web}]}]
          egress: [{action: Deny, to: [{networks: [10.0.0.0/8]}, {nodes: {}}]}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
          - name: c
            ports: [{containerPort: 80, name: http}]
            env: [{name: A, value: b}]
            readinessProbe: {httpGet: {port: http, path: /}, periodSeconds: 3}
        status: {podIP: 10.0.0.1, podIPs: [{ip: 10.0.0.1}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: s}
        spec: {selector: {a: b}, ports: [{name: http, port: 80, targetPort: http}], sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeoutSeconds: 5}}}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata: {name: s-1}
        addressType: IPv4
        endpoints: [{addresses: [10.0.0.1], conditions: {ready: true}, targetRef: {kind: Pod, name: p}}]
        ports: [{name: http, port: 80}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          selector: {matchLabels: {a: b}}
          template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c}]}}
        """;

    /// <summary>Fresh nodes each time: a shared node could be picked as its own parent and make a cycle.</summary>
    private static readonly Func<YamlNode>[] Replacements =
    [
        () => new YamlScalarNode("text"),
        () => new YamlScalarNode("-7"),
        () => new YamlScalarNode("99999999999999"),
        () => new YamlScalarNode("true"),
        () => new YamlScalarNode("~"),
        () => new YamlScalarNode(""),
        () => new YamlSequenceNode(),
        () => new YamlSequenceNode(new YamlScalarNode("x"), new YamlMappingNode()),
        () => new YamlMappingNode(),
        () => new YamlMappingNode(new YamlScalarNode("k"), new YamlScalarNode("v")),
    ];

    [Fact]
    public void Parse_ValidFixture_HasNoErrors()
    {
        var result = ManifestReader.Parse(Valid, "v.yaml");

        result.HasErrors.ShouldBeFalse(string.Join("\n", result.Diagnostics));
        result.Resources.Length.ShouldBe(6);
    }

    [Fact]
    public void Parse_AnyNodeReplacedByAnyShape_ReportsDiagnosticsInsteadOfThrowing()
    {
        var cases = from picks in Gen.Choose(0, int.MaxValue).ArrayOf().Where(a => a.Length is > 0 and < 4)
                    from replacement in Gen.Choose(0, Replacements.Length - 1).ArrayOf(3)
                    select (picks, replacement);

        Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var text = Mutate(c.picks, c.replacement);
                var result = ManifestReader.Parse(text, "m.yaml");
                return result.Resources.All(r => r.Source is not null && r.Metadata.Name.Length > 0)
                    && result.Diagnostics.All(d => d.Location.File == "m.yaml" && d.Location.Line >= 1 && d.Message.Length > 0);
            })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_AnyKeyRemoved_ReportsDiagnosticsInsteadOfThrowing()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), pick =>
            {
                var stream = Load();
                var maps = Nodes(stream).OfType<YamlMappingNode>().Where(m => m.Children.Count > 0).ToList();
                var map = maps[pick % maps.Count];
                map.Children.Remove(map.Children.Keys.ElementAt(pick % map.Children.Count));
                var result = ManifestReader.Parse(Save(stream), "m.yaml");
                return result.Diagnostics.All(d => d.Location.Line >= 1);
            })
            .QuickCheckThrowOnFailure();
    }

    private static string Mutate(int[] picks, int[] replacements)
    {
        var stream = Load();
        for (var i = 0; i < picks.Length; i++)
        {
            var parents = Nodes(stream).Where(n => n is YamlMappingNode { Children.Count: > 0 } or YamlSequenceNode { Children.Count: > 0 }).ToList();
            var parent = parents[picks[i] % parents.Count];
            var replacement = Replacements[replacements[i % replacements.Length]]();
            switch (parent)
            {
                case YamlMappingNode map:
                    map.Children[map.Children.Keys.ElementAt(picks[i] % map.Children.Count)] = replacement;
                    break;
                case YamlSequenceNode sequence:
                    sequence.Children[picks[i] % sequence.Children.Count] = replacement;
                    break;
            }
        }

        return Save(stream);
    }

    private static YamlStream Load()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Valid));
        return stream;
    }

    private static string Save(YamlStream stream)
    {
        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static IEnumerable<YamlNode> Nodes(YamlStream stream) =>
        stream.Documents.SelectMany(d => d.AllNodes);
}
