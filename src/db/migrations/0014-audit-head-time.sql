-- The time of each chain's last event, kept in its head row, so that an append locks the head
-- and learns the time it must not go before in one statement, instead of also reading the
-- last event. Null while a chain has no events.
alter table audit_chain_head add column last_occurred_at timestamptz;

update audit_chain_head h
   set last_occurred_at = e.occurred_at
  from audit_event e
 where e.chain = h.chain and e.seq = h.seq;
