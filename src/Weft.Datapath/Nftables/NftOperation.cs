using Weft.Datapath.Nftables.Rules;

namespace Weft.Datapath.Nftables;

/// <summary>One command of an nft transaction (one line of an <c>nft -f</c> script).</summary>
public abstract record NftOperation
{
    public abstract string Render(NftTable table);

    public sealed record AddTable : NftOperation
    {
        public override string Render(NftTable table) => $"add table {table}";
    }

    public sealed record DeleteTable : NftOperation
    {
        public override string Render(NftTable table) => $"delete table {table}";
    }

    public sealed record AddChain(string Chain, NftHook? Hook = null) : NftOperation
    {
        public override string Render(NftTable table) => Hook is null ? $"add chain {table} {Chain}" : $"add chain {table} {Chain} {{ {Hook} }}";
    }

    public sealed record FlushChain(string Chain) : NftOperation
    {
        public override string Render(NftTable table) => $"flush chain {table} {Chain}";
    }

    public sealed record DeleteChain(string Chain) : NftOperation
    {
        public override string Render(NftTable table) => $"delete chain {table} {Chain}";
    }

    public sealed record AddRule(string Chain, NftRule Rule) : NftOperation
    {
        public override string Render(NftTable table) => $"add rule {table} {Chain} {Rule.Render()}";
    }

    public sealed record AddMap(string Map, string KeyType, string? Flags = null, string ValueType = NftMap.Verdict) : NftOperation
    {
        public override string Render(NftTable table) => Flags is null
            ? $"add map {table} {Map} {{ type {KeyType} : {ValueType} ; }}"
            : $"add map {table} {Map} {{ type {KeyType} : {ValueType} ; flags {Flags} ; }}";
    }

    public sealed record DeleteMap(string Map) : NftOperation
    {
        public override string Render(NftTable table) => $"delete map {table} {Map}";
    }

    public sealed record AddSet(NftSet Set) : NftOperation
    {
        public override string Render(NftTable table) => $"add set {table} {Set.Name} {{ {Set.Declaration} }}";
    }

    public sealed record DeleteSet(string Set) : NftOperation
    {
        public override string Render(NftTable table) => $"delete set {table} {Set}";
    }

    public sealed record AddElement(string Map, string Key, NftVerdict Verdict) : NftOperation
    {
        public override string Render(NftTable table) => $"add element {table} {Map} {{ {Key} : {Verdict} }}";
    }

    public sealed record DeleteElement(string Map, string Key) : NftOperation
    {
        public override string Render(NftTable table) => $"delete element {table} {Map} {{ {Key} }}";
    }
}
