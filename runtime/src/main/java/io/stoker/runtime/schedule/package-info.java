/** When a schedule's ticks fall (cron, names such as @hourly, @every), and what a wake-up of its timer fires. */
package io.stoker.runtime.schedule;
