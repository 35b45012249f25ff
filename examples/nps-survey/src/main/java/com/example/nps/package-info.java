/** The NPS survey plugin: customers' net promoter scores, per tenant. */
@DotMacPlugin(id = "nps_survey", tier = Tier.FREE, name = "NPS survey")
@Version("1.0.0")
package com.example.nps;

import org.osgi.annotation.versioning.Version;

import io.dotmac.platform.api.DotMacPlugin;
import io.dotmac.platform.api.Tier;
