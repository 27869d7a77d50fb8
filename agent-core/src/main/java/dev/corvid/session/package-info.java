/**
 * Conversations kept by id: a {@link dev.corvid.session.SessionStore} appends the messages of each turn
 * as a run goes, so a process that dies loses at most the turn in flight, and loads, lists and deletes
 * them; {@link dev.corvid.session.FileSessionStore} keeps one JSONL file per session and
 * {@link dev.corvid.session.JdbcSessionStore} shares them between the instances of an application through
 * a database. {@code Agent.run(Session, String)} continues a stored conversation.
 */
package dev.corvid.session;
