/**
 * The configuration file: an INI file in the style of {@code nova.conf}, read once at start-up
 * into an immutable {@link org.vdpacompute.app.config.Configuration}.
 *
 * <p>Loading fails fast: an unknown section or key, a key repeated where it takes one value, or a
 * malformed value raises one {@link org.vdpacompute.app.config.ConfigException} whose message
 * names the file, the section, the key and the value, so that nothing starts half-way. What each
 * command needs on top of that is checked by {@code requireForController()} and
 * {@code requireForCompute()}.
 *
 * <p>The syntax is read by a small strict line parser of our own rather than an INI library.
 * Apache Commons Configuration's {@code INIConfiguration} ends a value at any {@code " #"} or
 * {@code " ;"}, even inside a JSON string of a {@code device_spec}, keeps two different keys
 * apart so the file order of {@code device_spec} and {@code passthrough_whitelist} is lost,
 * merges repeated sections silently, takes a line without {@code =} as a key, and knows no line
 * numbers. The format here is one line per entry:
 *
 * <ul>
 *   <li>blank lines, and lines whose first non-blank character is {@code #} or {@code ;}, are
 *       comments;
 *   <li>{@code [name]} opens a section; a section may be opened again and continues;
 *   <li>{@code key = value}: the value runs to the end of the line, except that a {@code #}
 *       after white space and outside a double-quoted (JSON) string starts a comment; a value
 *       wholly inside one pair of double quotes loses them, as oslo.config does; there are no
 *       continuation lines;
 *   <li>every other line is an error, and so is a key before the first section or an empty
 *       value.
 * </ul>
 */
package org.vdpacompute.app.config;
