using Weft.Api.Manifests;
using Weft.Api.Resources;

namespace Weft.Api.Tests.Manifests;

public sealed class ManifestReaderLoadTests : IDisposable
{
    private const string NamespaceA = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: a}
        """;

    private readonly string root = Path.Combine(Path.GetTempPath(), "wtapi-" + Guid.NewGuid().ToString("N"));

    public ManifestReaderLoadTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Parse_MultipleDocuments_DecodesEachInOrder()
    {
        var result = ManifestText.Parse("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: a}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: b}
            """);

        result.Diagnostics.ShouldBeEmpty();
        result.Resources.Select(r => r.Name).ShouldBe(["a", "b"]);
        result.Resources[1].Source.ShouldBe(new SourceLocation("t.yaml", 5, 1));
    }

    [Fact]
    public void Parse_EmptyDocumentsAndComments_AreSkipped()
    {
        var result = ManifestText.Parse("""
            ---
            # nothing here
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: a}
            ---
            ---
            """);

        result.Diagnostics.ShouldBeEmpty();
        result.Resources.ShouldHaveSingleItem().Name.ShouldBe("a");
    }

    [Fact]
    public void Parse_ByteOrderMarkAndCrLf_AreHandled()
    {
        var result = ManifestText.Parse("\uFEFFapiVersion: v1\r\nkind: Namespace\r\nmetadata:\r\n  name: Bad\r\n");

        result.Diagnostics.ShouldHaveSingleItem().ToString().ShouldStartWith("t.yaml:4:9: metadata.name: Invalid value: \"Bad\"");
    }

    [Fact]
    public void Parse_EmptyText_GivesNothing()
    {
        var result = ManifestText.Parse("");

        result.Resources.ShouldBeEmpty();
        result.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_KindList_UnwrapsItems()
    {
        var result = ManifestText.Parse("""
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Namespace
              metadata: {name: a}
            - apiVersion: v1
              kind: Pod
              metadata: {name: p, namespace: a}
              spec:
                containers: [{name: c}]
            """);

        result.Diagnostics.ShouldBeEmpty();
        result.Resources.Select(r => r.Key).ShouldBe(["a", "a/p"]);
        result.Resources[1].Source.ShouldBe(new SourceLocation("t.yaml", 7, 3));
    }

    [Fact]
    public void Parse_TypedListFromKubectlGet_UnwrapsItems()
    {
        var result = ManifestText.Parse("""
            apiVersion: v1
            kind: NamespaceList
            items:
            - {apiVersion: v1, kind: Namespace, metadata: {name: a}}
            """);

        result.Resources.ShouldHaveSingleItem().Name.ShouldBe("a");
    }

    [Fact]
    public void Parse_ListContainingItselfThroughAnAlias_IsAnErrorNotAStackOverflow()
    {
        var result = ManifestText.Parse("&l {apiVersion: v1, kind: List, items: [*l]}");

        result.Diagnostics.ShouldHaveSingleItem().ToString().ShouldBe("t.yaml:1:1: items: Lists nested more than 8 deep are not supported");
    }

    [Fact]
    public void Parse_NestedList_IsUnwrapped()
    {
        var result = ManifestText.Parse("""
            {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: Namespace, metadata: {name: a}}]}]}
            """);

        result.Resources.ShouldHaveSingleItem().Name.ShouldBe("a");
    }

    [Fact]
    public void Parse_Json_DecodesWithLineAndColumn()
    {
        var result = ManifestReader.Parse("""
            {
              "apiVersion": "networking.k8s.io/v1",
              "kind": "NetworkPolicy",
              "metadata": {"name": "deny", "namespace": "shop"},
              "spec": {
                "podSelector": {},
                "ingress": [{"ports": [{"port": 70000}]}]
              }
            }
            """, "p.json");

        string.Join("\n", result.Diagnostics).ShouldBe("p.json:7:37: spec.ingress[0].ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive");
    }

    [Fact]
    public void Parse_ValidJson_DecodesObject()
    {
        var policy = ManifestText.Single<NetworkPolicy>("""
            {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
             "metadata": {"name": "deny", "namespace": "shop"},
             "spec": {"podSelector": {"matchLabels": {"app": "db"}}, "policyTypes": ["Ingress", "Egress"]}}
            """);

        policy.Key.ShouldBe("shop/deny");
        policy.PodSelector.MatchLabels["app"].ShouldBe("db");
        policy.PolicyTypes.ShouldBe([PolicyType.Ingress, PolicyType.Egress]);
    }

    [Fact]
    public void Parse_YamlSyntaxError_ReportsPosition()
    {
        var diagnostic = ManifestText.Parse("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: a
            """).Diagnostics.ShouldHaveSingleItem();

        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Error);
        diagnostic.Location.File.ShouldBe("t.yaml");
        diagnostic.Location.Line.ShouldBeGreaterThanOrEqualTo(3);
        diagnostic.Message.ShouldStartWith("invalid YAML: ");
    }

    [Fact]
    public void Parse_DuplicateKey_IsASyntaxError()
    {
        var diagnostic = ManifestText.Parse("""
            apiVersion: v1
            kind: Namespace
            kind: Pod
            """).Diagnostics.ShouldHaveSingleItem();

        diagnostic.Location.ShouldBe(new SourceLocation("t.yaml", 3, 1));
        diagnostic.Message.ShouldContain("invalid YAML");
    }

    [Fact]
    public void Parse_ScalarDocument_IsAnError()
    {
        ManifestText.Diagnostics("just text").ShouldBe("t.yaml:1:1: a manifest document must be an object with apiVersion, kind and metadata");
    }

    [Fact]
    public void Load_Directory_ReadsManifestFilesRecursivelyInSortedOrder()
    {
        Write("b.yaml", Namespace("b"));
        Write("a.yml", Namespace("a"));
        Write("sub/deeper/c.json", """{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "c"}}""");
        Write("sub/notes.txt", "not a manifest");
        Write("sub/README.md", "# not a manifest");

        var result = ManifestReader.Load([root]);

        result.Diagnostics.ShouldBeEmpty();
        result.Resources.Select(r => r.Name).ShouldBe(["a", "b", "c"]);
        result.Resources[2].Source!.File.ShouldBe(Path.Combine(root, "sub", "deeper", "c.json"));
    }

    [Fact]
    public void Load_ExplicitFileWithAnyExtension_IsRead()
    {
        var file = Write("policy.txt", NamespaceA);

        ManifestReader.Load([file]).Resources.ShouldHaveSingleItem().Name.ShouldBe("a");
    }

    [Fact]
    public void Load_Stdin_ReadsDashWithDashAsFileName()
    {
        var result = ManifestReader.Load(["-"], new StringReader("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: "Bad"}
            """));

        string.Join("\n", result.Diagnostics).ShouldStartWith("-:3:18: metadata.name: Invalid value: \"Bad\"");
    }

    [Fact]
    public void Load_StdinAndFiles_CombinesSourcesInArgumentOrder()
    {
        var file = Write("ns.yaml", Namespace("b"));

        var result = ManifestReader.Load(["-", file], new StringReader(NamespaceA));

        result.Resources.Select(r => r.Name).ShouldBe(["a", "b"]);
        result.Resources[0].Source!.File.ShouldBe("-");
    }

    [Fact]
    public void Load_StdinWithoutReader_IsAnError()
    {
        ManifestReader.Load(["-"]).HasErrors.ShouldBeTrue();
    }

    [Fact]
    public void Load_MissingPath_IsAnError()
    {
        var missing = Path.Combine(root, "nope.yaml");

        var diagnostic = ManifestReader.Load([missing]).Diagnostics.ShouldHaveSingleItem();

        diagnostic.ToString().ShouldBe($"{missing}:1:1: no such file or directory");
    }

    [Fact]
    public void Load_DuplicateAcrossFiles_ReportsSecondWithPointerToFirst()
    {
        var first = Write("1.yaml", NamespaceA);
        var second = Write("2.yaml", "# a comment\n" + NamespaceA);

        var result = ManifestReader.Load([first, second]);

        string.Join("\n", result.Diagnostics).ShouldBe($"{second}:4:18: metadata.name: Duplicate value: Namespace \"a\" is already defined at {first}:1:1");
        result.Resources.ShouldHaveSingleItem();
    }

    [Fact]
    public void Load_SameNameDifferentKindOrNamespace_IsNotADuplicate()
    {
        var result = ManifestText.Parse("""
            {apiVersion: v1, kind: Service, metadata: {name: web, namespace: a}, spec: {ports: [{port: 80}]}}
            ---
            {apiVersion: v1, kind: Service, metadata: {name: web, namespace: b}, spec: {ports: [{port: 80}]}}
            ---
            {apiVersion: v1, kind: Pod, metadata: {name: web, namespace: a}, spec: {containers: [{name: c}]}}
            """);

        result.Diagnostics.ShouldBeEmpty();
        result.Resources.Length.ShouldBe(3);
    }

    private static string Namespace(string name) => $"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {name}}}\n";

    private string Write(string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}
