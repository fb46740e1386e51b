/**
 * Keys that advertise a MatrixRTC backend (`org.matrix.msc4143.rtc_foci`, a LiveKit
 * URL, `element_call.url`). Element Web never reads them from its own config:
 * `ess/rtc-foci` reports them there, so `element-web/config` leaves them alone.
 */
export function isRtcDiscoveryKey(parentPath: readonly (string | number)[], key: string): boolean {
  return /rtc_foci|livekit/i.test(key) || (key === 'url' && parentPath[parentPath.length - 1] === 'element_call');
}
