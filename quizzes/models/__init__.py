from .attempts import Answer, Attempt, AttemptQuestion, ItemStatistic, MindsetScore
from .questions import Choice, Competency, Difficulty, MindsetDimension, Question, QuestionType
from .quizzes import Quiz, QuizQuestion, ReviewPolicy

__all__ = [
    "Answer",
    "Attempt",
    "AttemptQuestion",
    "Choice",
    "Competency",
    "Difficulty",
    "ItemStatistic",
    "MindsetDimension",
    "MindsetScore",
    "Question",
    "QuestionType",
    "Quiz",
    "QuizQuestion",
    "ReviewPolicy",
]
