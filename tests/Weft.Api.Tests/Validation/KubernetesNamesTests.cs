using Weft.Api.Validation;

namespace Weft.Api.Tests.Validation;

public sealed class KubernetesNamesTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("my-name", true)]
    [InlineData("123-abc", true)]
    [InlineData("-a", false)]
    [InlineData("a-", false)]
    [InlineData("A", false)]
    [InlineData("a.b", false)]
    [InlineData("a_b", false)]
    [InlineData("", false)]
    [InlineData("abc\n", false)]
    public void CheckDns1123Label_FollowsRfc1123(string value, bool valid)
    {
        (KubernetesNames.CheckDns1123Label(value) is null).ShouldBe(valid);
    }

    [Fact]
    public void CheckDns1123Label_LimitsLengthTo63()
    {
        KubernetesNames.CheckDns1123Label(new string('a', 63)).ShouldBeNull();
        KubernetesNames.CheckDns1123Label(new string('a', 64)).ShouldBe("must be no more than 63 characters");
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData("a", true)]
    [InlineData("web-0.web", true)]
    [InlineData("a..b", false)]
    [InlineData(".a", false)]
    [InlineData("a.", false)]
    [InlineData("Web", false)]
    public void CheckDns1123Subdomain_FollowsRfc1123(string value, bool valid)
    {
        (KubernetesNames.CheckDns1123Subdomain(value) is null).ShouldBe(valid);
    }

    [Fact]
    public void CheckDns1123Subdomain_LimitsLengthTo253()
    {
        var name = string.Join(".", Enumerable.Repeat(new string('a', 50), 5)) + ".abc";
        name.Length.ShouldBe(258);
        KubernetesNames.CheckDns1123Subdomain(name[..253].TrimEnd('.')).ShouldBeNull();
        KubernetesNames.CheckDns1123Subdomain(name).ShouldBe("must be no more than 253 characters");
    }

    [Theory]
    [InlineData("web", true)]
    [InlineData("web-1", true)]
    [InlineData("1web", false)]
    [InlineData("web-", false)]
    public void CheckDns1035Label_MustStartWithALetter(string value, bool valid)
    {
        (KubernetesNames.CheckDns1035Label(value) is null).ShouldBe(valid);
    }

    [Theory]
    [InlineData("app", true)]
    [InlineData("App_Name.v1", true)]
    [InlineData("kubernetes.io/metadata.name", true)]
    [InlineData("example.com/MyName", true)]
    [InlineData("/app", false)]
    [InlineData("example.com/", false)]
    [InlineData("a/b/c", false)]
    [InlineData("Example.com/app", false)]
    [InlineData("_app", false)]
    [InlineData("app-", false)]
    [InlineData("with space", false)]
    [InlineData("", false)]
    public void CheckQualifiedName_AcceptsLabelKeys(string value, bool valid)
    {
        (KubernetesNames.CheckQualifiedName(value) is null).ShouldBe(valid);
    }

    [Fact]
    public void CheckQualifiedName_LimitsNamePartTo63()
    {
        KubernetesNames.CheckQualifiedName("example.com/" + new string('a', 63)).ShouldBeNull();
        KubernetesNames.CheckQualifiedName("example.com/" + new string('a', 64)).ShouldBe("name part must be no more than 63 characters");
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("v1.2_3-beta", true)]
    [InlineData("-v1", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    public void CheckLabelValue_AllowsEmptyAndQualifiedNameAlphabet(string value, bool valid)
    {
        (KubernetesNames.CheckLabelValue(value) is null).ShouldBe(valid);
    }

    [Fact]
    public void CheckLabelValue_LimitsLengthTo63()
    {
        KubernetesNames.CheckLabelValue(new string('a', 63)).ShouldBeNull();
        KubernetesNames.CheckLabelValue(new string('a', 64)).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("http", null)]
    [InlineData("h2c", null)]
    [InlineData("web-metrics", null)]
    [InlineData("a", null)]
    [InlineData("123456789012345a", "must be no more than 15 characters")]
    [InlineData("123456789012a45", null)]
    [InlineData("8080", "must contain at least one letter (a-z)")]
    [InlineData("Http", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("http_alt", "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("-http", "must not begin or end with a hyphen")]
    [InlineData("http-", "must not begin or end with a hyphen")]
    [InlineData("http--alt", "must not contain consecutive hyphens")]
    [InlineData("", "must not be empty")]
    public void CheckIanaServiceName_FollowsRfc6335(string value, string? error)
    {
        KubernetesNames.CheckIanaServiceName(value).ShouldBe(error);
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("10.1", false)]
    [InlineData("10", false)]
    [InlineData("0x0a.0.0.1", false)]
    [InlineData("256.0.0.1", false)]
    [InlineData("010.0.0.1", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void TryParseIp_AcceptsOnlyCanonicalForms(string? text, bool valid)
    {
        KubernetesNames.TryParseIp(text, out _).ShouldBe(valid);
    }
}
