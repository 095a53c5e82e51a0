/** Small helpers shared by the daemon's modules: {@link dev.weft.util.CoalescingWorker}. */
package dev.weft.util;
