/** The autoscaler as pure logic: (time, observed demand) in, desired instance count out; it reads no clock. */
package io.stoker.runtime.autoscale;
