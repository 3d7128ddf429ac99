-- Answers in progress kept when a session ends unused (issue 12 item 6): a question page's answers,
-- posted as the session ended, kept on the server for the person who typed them, so that signing back in
-- continues the journey. One set a person (the latest), taken back (deleted) when the page shows them
-- again; a set older than a day is not shown, and is deleted when the person next keeps or takes one.
create table kept_answers (
  user_id uuid primary key references app_user (id) on delete cascade,
  path text not null check (path ~ '^/[^/]'),
  answers jsonb not null,
  kept_at timestamptz not null
);
grant select, insert, update, delete on kept_answers to lantern_app;
