namespace Weft.Api.Tests.Manifests;

public sealed class SelectorValidationTests
{
    private static string Policy(string selector) => $$"""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: p}
        spec:
          podSelector:
        {{selector}}
        """;

    [Fact]
    public void Validate_UnknownOperator_IsRejectedWithSupportedValues()
    {
        ManifestText.Errors(Policy("""
                matchExpressions:
                - {key: app, operator: Equals, values: [web]}
            """)).ShouldBe("t.yaml:7:28: spec.podSelector.matchExpressions[0].operator: Unsupported value: \"Equals\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"");
    }

    [Fact]
    public void Validate_OperatorIsCaseSensitive()
    {
        ManifestText.Errors(Policy("""
                matchExpressions:
                - {key: app, operator: in, values: [web]}
            """)).ShouldContain("operator: Unsupported value: \"in\"");
    }

    [Fact]
    public void Validate_InWithEmptyValues_IsRejected()
    {
        ManifestText.Errors(Policy("""
                matchExpressions:
                - {key: app, operator: In, values: []}
            """)).ShouldBe("t.yaml:7:40: spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
    }

    [Fact]
    public void Validate_NotInWithoutValues_IsRejectedAtTheExpression()
    {
        ManifestText.Errors(Policy("""
                matchExpressions:
                - key: app
                  operator: NotIn
            """)).ShouldBe("t.yaml:7:7: spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
    }

    [Fact]
    public void Validate_ExistsWithValues_IsRejected()
    {
        ManifestText.Errors(Policy("""
                matchExpressions:
                - key: app
                  operator: Exists
                  values: [web]
            """)).ShouldBe("t.yaml:9:15: spec.podSelector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    }

    [Fact]
    public void Validate_DoesNotExistWithValues_IsRejected()
    {
        ManifestText.Errors(Policy("""
                matchExpressions:
                - {key: app, operator: DoesNotExist, values: [x]}
            """)).ShouldContain("matchExpressions[0].values: Forbidden");
    }

    [Fact]
    public void Validate_ExpressionMissingKeyAndOperator_ReportsBoth()
    {
        ManifestText.Errors(Policy("""
                matchExpressions:
                - values: [x]
            """)).ShouldBe("""
            t.yaml:7:7: spec.podSelector.matchExpressions[0].key: Required value
            t.yaml:7:7: spec.podSelector.matchExpressions[0].operator: Required value
            """);
    }

    [Fact]
    public void Validate_InvalidLabelKey_IsRejected()
    {
        ManifestText.Errors(Policy("""
                matchLabels: {"bad key": x}
            """)).ShouldBe("t.yaml:6:19: spec.podSelector.matchLabels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc')");
    }

    [Fact]
    public void Validate_InvalidLabelKeyPrefix_IsRejected()
    {
        ManifestText.Errors(Policy("""
                matchLabels: {"Example.com/app": x}
            """)).ShouldStartWith("t.yaml:6:19: spec.podSelector.matchLabels: Invalid value: \"Example.com/app\": prefix part a lowercase RFC 1123 subdomain");
    }

    [Fact]
    public void Validate_InvalidLabelValue_IsRejected()
    {
        ManifestText.Errors(Policy("""
                matchLabels: {app: -web}
            """)).ShouldStartWith("t.yaml:6:24: spec.podSelector.matchLabels: Invalid value: \"-web\": a valid label must be an empty string");
    }

    [Fact]
    public void Validate_InvalidValueInExpression_IsRejectedAtTheValue()
    {
        ManifestText.Errors(Policy("""
                matchExpressions:
                - {key: app, operator: In, values: [ok, "not ok"]}
            """)).ShouldStartWith("t.yaml:7:45: spec.podSelector.matchExpressions[0].values[1]: Invalid value: \"not ok\"");
    }

    [Fact]
    public void Validate_InvalidMetadataLabel_IsRejected()
    {
        ManifestText.Errors("""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: a
              labels:
                team: "a b"
            """).ShouldStartWith("t.yaml:6:11: metadata.labels: Invalid value: \"a b\"");
    }
}
