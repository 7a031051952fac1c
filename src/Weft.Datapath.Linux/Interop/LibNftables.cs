using System.Runtime.InteropServices;

namespace Weft.Datapath.Linux.Interop;

/// <summary>
/// The libnftables calls (the library the <c>nft</c> binary is built on). A context is not thread-safe and its
/// netlink socket belongs to the network namespace of the thread that opens it: <see cref="Nftables.NftablesSession"/>
/// keeps each context on one thread inside one namespace.
/// </summary>
internal static partial class LibNftables
{
    public const string Library = "libnftables.so.1";

    private static readonly Lazy<bool> Loadable = new(() => NativeLibrary.TryLoad(Library, out _));

    /// <summary>Whether the library can be loaded here (Debian: libnftables1, a dependency of nftables).</summary>
    public static bool IsAvailable => Loadable.Value;

    [LibraryImport(Library, EntryPoint = "nft_ctx_new")]
    public static partial nint ContextNew(uint flags);

    [LibraryImport(Library, EntryPoint = "nft_ctx_free")]
    public static partial void ContextFree(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_output")]
    public static partial int BufferOutput(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_buffer_error")]
    public static partial int BufferError(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_get_output_buffer")]
    public static partial nint OutputBuffer(nint context);

    [LibraryImport(Library, EntryPoint = "nft_ctx_get_error_buffer")]
    public static partial nint ErrorBuffer(nint context);

    [LibraryImport(Library, EntryPoint = "nft_run_cmd_from_buffer", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RunFromBuffer(nint context, string commands);
}
