package org.fractalis.api.analytics;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Sets {@link AnalyticsTask#NAME} on a DS component:
 * {@code @Component(service = AnalyticsTask.class) @AnalyticsTaskName(task = "compute-boxplot")}.
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AnalyticsTaskName {
    /** Prefix of the property names. */
    String PREFIX_ = "fractalis.analytics.";

    /** Mapped to {@code fractalis.analytics.task}. */
    String task();
}
