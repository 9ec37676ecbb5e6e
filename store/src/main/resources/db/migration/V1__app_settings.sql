-- Named values the controllers share, one row each: for example that the first start's bootstrap
-- (users, flavors, networks) is done, set by whichever controller gets there first.
-- Plain SQL that H2 and PostgreSQL both run unchanged. The program writes updated_at from its
-- own clock, so there is no default.
CREATE TABLE app_settings (
    name        VARCHAR(200)             NOT NULL PRIMARY KEY,
    value_text  VARCHAR(4000)            NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
