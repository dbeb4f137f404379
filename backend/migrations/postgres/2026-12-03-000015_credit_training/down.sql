DROP TABLE credit_training_attendees;
DROP TABLE credit_trainings;
