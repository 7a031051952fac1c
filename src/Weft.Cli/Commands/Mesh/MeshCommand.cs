using System.CommandLine;
using Weft.Mesh.Standalone;
using Weft.Mesh.Identity;

namespace Weft.Cli.Commands.Mesh;

/// <summary><c>weft mesh ca init</c> and <c>weft mesh issue</c>: a CA and workload certificates on disk.</summary>
internal static class MeshCommand
{
    public static Command Create()
    {
        var mesh = new Command("mesh", "Mesh identity: certificate authority and workload certificates.");
        var ca = new Command("ca", "The mesh certificate authority.");
        ca.Subcommands.Add(CreateInit());
        mesh.Subcommands.Add(ca);
        mesh.Subcommands.Add(CreateIssue());
        mesh.Subcommands.Add(Weft.Mesh.ControlPlane.SidecarCommand.Create());
        return mesh;
    }

    /// <summary>The mesh's top-level commands: <c>weft stat</c>, <c>weft top</c>, <c>weft check</c>.</summary>
    public static IEnumerable<Command> TopLevel() => [StatCommand.Create(), TopCommand.Create(), CheckCommand.Create()];

    private static Command CreateInit()
    {
        var dir = new Option<string>("--dir") { Description = "directory for ca.crt, ca.key (0600) and root.crt", Required = true };
        var trustDomain = new Option<string>("--trust-domain") { Description = "SPIFFE trust domain", DefaultValueFactory = _ => "cluster.local" };
        var rootCert = new Option<string?>("--root-cert") { Description = "user root certificate (PEM): create an intermediate under it" };
        var rootKey = new Option<string?>("--root-key") { Description = "private key of --root-cert (PEM)" };
        var command = new Command("init", "Create a root CA (ECDSA P-256), or an intermediate under a given root.");
        command.Options.Add(dir);
        command.Options.Add(trustDomain);
        command.Options.Add(rootCert);
        command.Options.Add(rootKey);
        command.SetAction(parse =>
        {
            var domain = parse.GetValue(trustDomain)!;
            if (!SpiffeId.TryParse("spiffe://" + domain, out _, out var error))
            {
                Console.Error.WriteLine($"weft mesh ca init: --trust-domain: {error}");
                return 2;
            }

            var certPath = parse.GetValue(rootCert);
            var keyPath = parse.GetValue(rootKey);
            if ((certPath is null) != (keyPath is null))
            {
                Console.Error.WriteLine("weft mesh ca init: --root-cert and --root-key go together");
                return 2;
            }

            using var authority = certPath is null
                ? CertificateAuthority.CreateRoot(domain, TimeProvider.System)
                : CertificateAuthority.CreateIntermediate(domain, System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certPath, keyPath), TimeProvider.System);
            authority.Save(parse.GetValue(dir)!);
            Console.WriteLine($"CA for {domain} written to {parse.GetValue(dir)}");
            return 0;
        });
        return command;
    }

    private static Command CreateIssue()
    {
        var caDir = new Option<string>("--ca-dir") { Description = "directory written by `weft mesh ca init`", Required = true };
        var ns = new Option<string>("--namespace", "-n") { Description = "workload namespace", DefaultValueFactory = _ => "default" };
        var sa = new Option<string>("--service-account") { Description = "workload service account", DefaultValueFactory = _ => "default" };
        var cert = new Option<string>("--out-cert") { Description = "PEM certificate to write (leaf + intermediates)", Required = true };
        var key = new Option<string>("--out-key") { Description = "PEM key to write (mode 0600)", Required = true };
        var validity = new Option<string>("--validity") { Description = "lifetime, e.g. 24h", DefaultValueFactory = _ => "24h" };
        var command = new Command("issue", "Issue a workload certificate with SPIFFE ID spiffe://<trust-domain>/ns/<ns>/sa/<sa>.");
        foreach (var o in new Option[] { caDir, ns, sa, cert, key, validity }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            if (!ProxyOptions.TryParseDuration(parse.GetValue(validity)!, out var lifetime))
            {
                Console.Error.WriteLine("weft mesh issue: --validity: expected a duration like 24h");
                return 2;
            }

            using var authority = CertificateAuthority.Load(parse.GetValue(caDir)!, TimeProvider.System);
            SpiffeId id;
            try
            {
                id = SpiffeId.ForWorkload(authority.TrustDomain, parse.GetValue(ns)!, parse.GetValue(sa)!);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"weft mesh issue: {e.Message}");
                return 2;
            }

            using var issued = authority.IssueWithNewKey(id, lifetime);
            issued.SavePem(parse.GetValue(cert)!, parse.GetValue(key)!);
            Console.WriteLine($"{id} valid until {issued.NotAfter:O}");
            return 0;
        });
        return command;
    }
}
