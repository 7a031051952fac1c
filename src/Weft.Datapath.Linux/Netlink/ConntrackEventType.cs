namespace Weft.Datapath.Linux.Netlink;

public enum ConntrackEventType
{
    /// <summary>IPCTNL_MSG_CT_NEW with NLM_F_CREATE: the connection was confirmed.</summary>
    New,

    /// <summary>IPCTNL_MSG_CT_NEW without NLM_F_CREATE: state, mark or status changed.</summary>
    Update,

    /// <summary>IPCTNL_MSG_CT_DELETE: the entry is gone; counters are final.</summary>
    Destroy,
}
