using System.Runtime.CompilerServices;

// The flow pipeline's tests drive the netlink codecs directly (fixtures, round trips) and the readers in a netns.
[assembly: InternalsVisibleTo("Weft.Flows.Tests")]
