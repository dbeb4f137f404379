-- 信用培训 (DOMAIN.md §5): credit-risk training sessions and who attended.
CREATE TABLE credit_trainings (
    id BIGSERIAL PRIMARY KEY,
    held_on DATE NOT NULL,
    topic TEXT NOT NULL,
    trainer TEXT NOT NULL,
    materials TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX credit_trainings_held_idx ON credit_trainings (held_on, id);

CREATE TABLE credit_training_attendees (
    training_id BIGINT NOT NULL REFERENCES credit_trainings(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (training_id, user_id)
);
CREATE INDEX credit_training_attendees_user_idx ON credit_training_attendees (user_id, training_id);
