/** How `<lockfile>` may be given: the same paragraph in the help of every command taking one. */
export const LOCKFILE_HELP = `<lockfile> is a path, or the URL of a file on an NFS server, which linklock reaches itself
(NFSv3 over TCP, no mount); quote it in a shell:
  nfs://host[:port]/server/path.lock[?mountport=N&uid=N&gid=N&timeout=ms&retrans=N&soft=0]
    port, mountport  the NFS and MOUNT TCP ports (default: asked of the host's portmapper)
    uid, gid         the user and group the server acts for (default: this process's)
    timeout          ms to wait for a reply before sending a request again (default 3000)
    retrans          resends before a request fails with ETIMEDOUT (default 3)
    soft=0           never give up, retry for ever ("hard"; default: soft, give up)
  The path is the file's path on the server; the export holding it is found from it.`;
