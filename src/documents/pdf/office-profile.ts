// The LibreOffice user profile each pool member starts with, and the single-instance pipe soffice names after it.
import { createHash } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

// Written into every fresh profile: no macros; Writer links never updated on load (Link 0 = never, sw's
// LinkUpdateMode); images linked from untrusted places blocked; and an HTTP(S) proxy on a dead loopback port
// (9, discard) so a fetch that slips through fails fast. This 7.4 build has no update-check extension to disable.
const PROFILE_SETTINGS = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
 <prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop>
 <prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop>
 <prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop>
</item>
<item oor:path="/org.openoffice.Office.Writer/Content/Update">
 <prop oor:name="Link" oor:op="fuse"><value>0</value></prop>
 <prop oor:name="Field" oor:op="fuse"><value>false</value></prop>
</item>
<item oor:path="/org.openoffice.Inet/Settings">
 <prop oor:name="ooInetProxyType" oor:op="fuse"><value>1</value></prop>
 <prop oor:name="ooInetHTTPProxyName" oor:op="fuse"><value>127.0.0.1</value></prop>
 <prop oor:name="ooInetHTTPProxyPort" oor:op="fuse"><value>9</value></prop>
 <prop oor:name="ooInetHTTPSProxyName" oor:op="fuse"><value>127.0.0.1</value></prop>
 <prop oor:name="ooInetHTTPSProxyPort" oor:op="fuse"><value>9</value></prop>
 <prop oor:name="ooInetNoProxy" oor:op="fuse"><value></value></prop>
</item>
</oor:items>
`;

/** Replaces `profileDir` with a profile holding only our settings; soffice fills in the rest on its first start. */
export async function writeFreshProfile(profileDir: string): Promise<void> {
  const userDir = path.join(profileDir, "user");
  await rm(path.dirname(userDir), { recursive: true, force: true });
  await mkdir(userDir, { recursive: true });
  await writeFile(path.join(userDir, "registrymodifications.xcu"), PROFILE_SETTINGS);
}

// soffice's single-instance pipe is named after an MD5 of the profile URL in UTF-16, each byte in hex without
// zero padding (desktop/source/app/officeipcthread.cxx). A SIGKILLed soffice leaves it behind in /tmp.
export function officeIpcPipeName(profileUrl: string): string {
  const digest = createHash("md5").update(Buffer.from(profileUrl, "utf16le")).digest();
  return `SingleOfficeIPC_${[...digest].map((byte) => byte.toString(16)).join("")}`;
}
